'use client';

import { useRef, useState, type ChangeEvent } from 'react';
import { loadTestSamples } from '@/lib/actions/sample-actions';
import { SAMPLES_PER_PAGE, type TestSample } from '@/lib/classify/test-samples';
import { blobOfDataUrl, classifyImages, ClassifyError, type ClassifyAnswer } from '@/lib/classify/classify-client';
import { DrawPad, type DrawPadHandle } from './draw-pad';
import { PredictionView } from './prediction-view';

export interface ServableModel {
  readonly name: string;
  /** The version `production` points at. */
  readonly version: number;
  readonly dataset: string;
  readonly classNames: readonly string[];
}

interface Shown {
  readonly answer: ClassifyAnswer;
  readonly previews: readonly (string | null)[];
  readonly truths: readonly ({ label: number; className: string } | null)[];
}

/**
 * Classify by drawing, uploading or picking a test image. Every request goes to the dashboard's own
 * POST /api/classify, which answers with the model's `production` version (named in the answer).
 */
export function Classifier({ models, initialModel, initialSamples }: { models: readonly ServableModel[]; initialModel: string; initialSamples: readonly TestSample[] }) {
  const pad = useRef<DrawPadHandle>(null);
  const [modelName, setModelName] = useState(initialModel);
  const model = models.find((m) => m.name === modelName) ?? models[0];
  const [samples, setSamples] = useState<readonly TestSample[]>(initialSamples);
  const [samplesFor, setSamplesFor] = useState(model.dataset);
  const [shown, setShown] = useState<Shown | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [padEmpty, setPadEmpty] = useState(true);

  const run = async (images: { blob: Blob; name: string; preview: string | null; truth: Shown['truths'][number] }[]) => {
    setBusy(true);
    setProblem(null);
    try {
      const answer = await classifyImages(model.name, images);
      setShown({ answer, previews: images.map((i) => i.preview), truths: images.map((i) => i.truth) });
    } catch (error) {
      setShown(null);
      setProblem(error instanceof ClassifyError ? `${error.message}${error.status ? ` (HTTP ${error.status})` : ''}` : String(error));
    } finally {
      setBusy(false);
    }
  };

  const classifyDrawing = async () => {
    const png = await pad.current?.toDigitPng();
    if (!png) return setProblem('Draw a digit on the canvas first.');
    await run([{ blob: png, name: 'drawing.png', preview: URL.createObjectURL(png), truth: null }]);
  };

  const classifyFiles = async (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    if (files.length === 0) return;
    await run(files.map((file) => ({ blob: file, name: file.name, preview: URL.createObjectURL(file), truth: null })));
    event.target.value = '';
  };

  const classifySample = async (sample: TestSample) =>
    run([{ blob: await blobOfDataUrl(sample.pngDataUrl), name: `test-${sample.index}.png`, preview: sample.pngDataUrl, truth: { label: sample.label, className: sample.className } }]);

  const loadSamples = async (dataset: string, offset: number) => {
    const result = await loadTestSamples(dataset, offset);
    if (result.ok) {
      setSamples(result.value.samples);
      setSamplesFor(dataset);
    } else setProblem(result.problem.message);
  };

  const chooseModel = (name: string) => {
    setModelName(name);
    const next = models.find((m) => m.name === name);
    if (next && next.dataset !== samplesFor) void loadSamples(next.dataset, 0);
  };

  const offset = samples[0]?.index ?? 0;
  return (
    <>
      <div className="row">
        <label>
          Model (its production version answers)
          <select value={model.name} onChange={(e) => chooseModel(e.target.value)}>
            {models.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name} (v{m.version}, {m.dataset})
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="grid-2" style={{ marginTop: '1rem' }}>
        <section aria-labelledby="draw-title" className="panel">
          <h2 id="draw-title" style={{ marginTop: 0 }}>
            Draw a digit
          </h2>
          <DrawPad ref={pad} label="Drawing canvas: draw a digit with the mouse or a finger; press Delete to clear" onChange={setPadEmpty} />
          <div className="row" style={{ marginTop: '0.5rem' }}>
            <button type="button" onClick={classifyDrawing} disabled={busy || padEmpty}>
              Classify drawing
            </button>
            <button type="button" className="secondary" onClick={() => pad.current?.clear()}>
              Clear
            </button>
          </div>
          <h2>Upload images</h2>
          <label>
            PNG or JPEG files, any size or colour (each is fitted into 28×28 grey)
            <input type="file" accept="image/png,image/jpeg" multiple onChange={classifyFiles} disabled={busy} />
          </label>
        </section>
        <section aria-labelledby="result-title" className="panel" aria-busy={busy}>
          <h2 id="result-title" style={{ marginTop: 0 }}>
            Answer
          </h2>
          {problem ? (
            <p role="alert" className="notice error">
              {problem}
            </p>
          ) : null}
          {busy ? <p role="status">Classifying…</p> : null}
          {shown ? (
            <div className="stack" aria-live="polite">
              <p data-testid="answered-by">
                Answered by <strong>{shown.answer.model.name}</strong> version <strong>{shown.answer.model.version}</strong>
              </p>
              {shown.answer.predictions.map((prediction, i) => (
                <PredictionView key={`${prediction.file}-${i}`} prediction={prediction} classNames={model.classNames} preview={shown.previews[i]} truth={shown.truths[i]} />
              ))}
            </div>
          ) : !busy && !problem ? (
            <p className="muted">Draw, upload or pick an image.</p>
          ) : null}
        </section>
      </div>
      <section aria-labelledby="samples-title">
        <h2 id="samples-title">Pick a test sample ({samplesFor}, never trained on)</h2>
        <div className="samples">
          {samples.map((sample) => (
            <button key={sample.index} type="button" onClick={() => classifySample(sample)} disabled={busy} aria-label={`Classify test image ${sample.index} (a ${sample.className})`}>
              <img src={sample.pngDataUrl} alt="" width={56} height={56} />
              <span className="muted">#{sample.index}</span>
            </button>
          ))}
        </div>
        <div className="row" style={{ marginTop: '0.5rem' }}>
          <button type="button" className="secondary" disabled={offset === 0} onClick={() => loadSamples(samplesFor, Math.max(offset - SAMPLES_PER_PAGE, 0))}>
            ← Earlier samples
          </button>
          <button type="button" className="secondary" onClick={() => loadSamples(samplesFor, offset + SAMPLES_PER_PAGE)}>
            More samples →
          </button>
        </div>
      </section>
    </>
  );
}
