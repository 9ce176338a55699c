import type { PaperFigure } from '../paper-figure.js';
import { CLASS_DISTRIBUTION_FIGURE } from './class-distribution.js';
import { DEEP_MLP_FIGURE } from './deep-mlp.js';
import { EPOCHS_FIGURE } from './hsic-epochs.js';
import { NEEDLE_FIGURE } from './needle.js';
import { ACTIVATIONS_FIGURE, DEPTHS_FIGURE } from './nhsic-under-backprop.js';
import { RESCONV_FIGURE } from './resconv.js';
import { SIGMA_COMBINED_FIGURE } from './sigma-combined.js';
import { UNFORMATTED_FIGURE } from './unformatted.js';
import { WIDTHS_FIGURE } from './widths.js';

/** Every figure `hsic paper` regenerates, by the name it takes. */
export const PAPER_FIGURES: ReadonlyMap<string, PaperFigure> = new Map(
  [ACTIVATIONS_FIGURE, DEPTHS_FIGURE, NEEDLE_FIGURE, CLASS_DISTRIBUTION_FIGURE, UNFORMATTED_FIGURE, EPOCHS_FIGURE, WIDTHS_FIGURE, SIGMA_COMBINED_FIGURE, DEEP_MLP_FIGURE, RESCONV_FIGURE].map((f) => [f.id, f]),
);
