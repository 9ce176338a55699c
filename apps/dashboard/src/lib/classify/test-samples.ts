export interface TestSample {
  readonly index: number;
  readonly label: number;
  readonly className: string;
  readonly pngDataUrl: string;
}

export const SAMPLES_PER_PAGE = 12;
