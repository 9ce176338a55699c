import type { PaperFigure } from '../paper-figure.js';
import { EPOCHS_FIGURE } from './hsic-epochs.js';
import { RESCONV_FIGURE } from './resconv.js';
import { SIGMA_COMBINED_FIGURE } from './sigma-combined.js';
import { WIDTHS_FIGURE } from './widths.js';

/** Every figure `hsic paper` regenerates, by the name it takes. */
export const PAPER_FIGURES: ReadonlyMap<string, PaperFigure> = new Map([EPOCHS_FIGURE, WIDTHS_FIGURE, SIGMA_COMBINED_FIGURE, RESCONV_FIGURE].map((f) => [f.id, f]));
