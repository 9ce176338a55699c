// The browser side of POST /api/classify (the dashboard's own endpoint, same contract as the API's :classify).

export interface ClassifiedImage {
  readonly file: string;
  readonly label: number;
  readonly class: string;
  readonly probabilities: readonly number[];
}

export interface ClassifyAnswer {
  readonly model: { readonly name: string; readonly version: number };
  readonly predictions: readonly ClassifiedImage[];
}

export class ClassifyError extends Error {
  override readonly name = 'ClassifyError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
  ) {
    super(message);
  }
}

/** Sends the images (field `images`) and returns the answer, or throws ClassifyError with the server's own message. */
export async function classifyImages(model: string, images: readonly { blob: Blob; name: string }[]): Promise<ClassifyAnswer> {
  const body = new FormData();
  for (const image of images) body.append('images', image.blob, image.name);
  let response: Response;
  try {
    response = await fetch(`/api/classify?model=${encodeURIComponent(model)}`, { method: 'POST', body });
  } catch (error) {
    throw new ClassifyError(`the dashboard did not answer (${error instanceof Error ? error.message : String(error)})`, 0, null);
  }
  const payload = (await response.json().catch(() => null)) as (ClassifyAnswer & { error?: string; code?: string }) | null;
  if (!response.ok || !payload || !Array.isArray(payload.predictions)) {
    throw new ClassifyError(payload?.error ?? `HTTP ${response.status}`, response.status, payload?.code ?? null);
  }
  return payload;
}

/** A data: URL (a test sample) as a Blob. */
export async function blobOfDataUrl(dataUrl: string): Promise<Blob> {
  return (await fetch(dataUrl)).blob();
}
