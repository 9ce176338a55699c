import sharp from 'sharp';
import { Error as ERRORS_ONLY, logger, parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** A Vega-Lite chart as SVG (Vega's own headless renderer, no canvas or browser needed). */
export async function chartSvg(spec: TopLevelSpec): Promise<string> {
  // Vega-Lite warns when a spec's own legend encoding overrides its default one (the dashed-line legend does so on purpose).
  const view = new View(parse(compile(spec, { logger: logger(ERRORS_ONLY) }).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The same chart as PNG, rasterised from the SVG at twice its size (sharp's librsvg). */
export async function chartPng(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg), { density: 144 }).flatten({ background: '#ffffff' }).png().toBuffer();
}
