/** A file exists but its bytes are not what the format promises (bad magic, truncated, bad label). */
export class DataFormatError extends Error {
  override readonly name = 'DataFormatError';
  constructor(
    message: string,
    /** The file or buffer description the problem was found in. */
    readonly source: string,
  ) {
    super(message);
  }
}

/** A dataset's files are not where we looked; the message says how to obtain them. */
export class DatasetNotFoundError extends Error {
  override readonly name = 'DatasetNotFoundError';
  constructor(
    message: string,
    readonly dataset: string,
    /** Every directory that was searched, in order. */
    readonly searched: readonly string[],
  ) {
    super(message);
  }
}

/** A download failed or did not match its published size / checksum. */
export class DownloadError extends Error {
  override readonly name = 'DownloadError';
  constructor(
    message: string,
    readonly url: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}
