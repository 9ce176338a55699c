export type { ExperimentRun, FigureOptions, FigureTable, PaperFigure, Presentation, RunResult } from './paper-figure.js';
export { PAPER_FIGURES } from './figures/index.js';
export { runPaperFigure, type FigureOutput, type FigureRunOptions } from './run-figure.js';
export { chartPng, chartSvg } from './render-chart.js';
export { defaultEpochScale } from './epoch-scale.js';
