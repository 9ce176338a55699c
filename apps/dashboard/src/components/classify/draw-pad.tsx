'use client';

import { forwardRef, useImperativeHandle, useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { grayOfRgba, toMnistDigit } from '@/lib/classify/mnist-preprocess';

const SIZE = 280;
const PEN = 22;

export interface DrawPadHandle {
  clear(): void;
  /** The drawing as a 28×28 PNG prepared like the training digits; null when nothing is drawn. */
  toDigitPng(): Promise<Blob | null>;
}

/**
 * A canvas to draw a digit on with a mouse, a pen or a finger (pointer events; the page does not scroll
 * while drawing). Focus it and press Delete, Backspace or Escape to clear it.
 */
export const DrawPad = forwardRef<DrawPadHandle, { label: string; onChange?: (empty: boolean) => void }>(function DrawPad({ label, onChange }, ref) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const context = () => {
    const ctx = canvas.current?.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D canvas');
    return ctx;
  };
  const clear = () => {
    const ctx = context();
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, SIZE, SIZE);
    onChange?.(true);
  };
  const point = (event: PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: ((event.clientX - rect.left) / rect.width) * SIZE, y: ((event.clientY - rect.top) / rect.height) * SIZE };
  };
  const stroke = (from: { x: number; y: number }, to: { x: number; y: number }) => {
    const ctx = context();
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = PEN;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
  };

  useImperativeHandle(ref, () => ({
    clear,
    async toDigitPng() {
      const data = context().getImageData(0, 0, SIZE, SIZE);
      const digit = toMnistDigit(grayOfRgba(data.data, SIZE, SIZE));
      if (!digit) return null;
      const small = document.createElement('canvas');
      small.width = digit.width;
      small.height = digit.height;
      const smallCtx = small.getContext('2d');
      if (!smallCtx) throw new Error('no 2D canvas');
      const rgba = new ImageData(digit.width, digit.height);
      digit.pixels.forEach((v, i) => rgba.data.set([v, v, v, 255], i * 4));
      smallCtx.putImageData(rgba, 0, 0);
      return new Promise((resolve) => small.toBlob((blob) => resolve(blob), 'image/png'));
    },
  }));

  const keys = (event: KeyboardEvent<HTMLCanvasElement>) => {
    if (['Delete', 'Backspace', 'Escape'].includes(event.key)) {
      event.preventDefault();
      clear();
    }
  };

  return (
    <canvas
      ref={(element) => {
        canvas.current = element;
        if (element && !element.dataset.ready) {
          element.dataset.ready = 'true';
          const ctx = element.getContext('2d', { willReadFrequently: true });
          if (ctx) {
            ctx.fillStyle = '#000';
            ctx.fillRect(0, 0, SIZE, SIZE);
          }
        }
      }}
      className="draw-canvas"
      width={SIZE}
      height={SIZE}
      tabIndex={0}
      role="img"
      aria-label={label}
      onKeyDown={keys}
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        const p = point(event);
        last.current = p;
        stroke(p, { x: p.x + 0.1, y: p.y + 0.1 });
        onChange?.(false);
      }}
      onPointerMove={(event) => {
        if (!last.current) return;
        const p = point(event);
        stroke(last.current, p);
        last.current = p;
      }}
      onPointerUp={() => (last.current = null)}
      onPointerCancel={() => (last.current = null)}
    />
  );
});
