import type { ClassifiedImage } from '@/lib/classify/classify-client';

/** One answer: the label and class, and a bar per class (the chosen one highlighted). */
export function PredictionView({
  prediction,
  classNames,
  preview,
  truth,
}: {
  prediction: ClassifiedImage;
  classNames: readonly string[];
  preview: string | null;
  /** The sample's true label, when it came from the test split. */
  truth: { label: number; className: string } | null;
}) {
  return (
    <article className="card" aria-label={`Prediction for ${prediction.file}`} data-testid="prediction">
      <div className="row" style={{ alignItems: 'center' }}>
        {preview ? <img src={preview} alt={`Input ${prediction.file}`} width={56} height={56} style={{ imageRendering: 'pixelated', border: '1px solid #c9d1d9' }} /> : null}
        <div>
          <div className="muted mono">{prediction.file}</div>
          <div className="value" data-testid="predicted-label" data-label={prediction.label}>
            {prediction.label} · {prediction.class}
          </div>
          {truth ? (
            <div className={truth.label === prediction.label ? 'muted' : 'field-error'}>
              true label {truth.label} · {truth.className} {truth.label === prediction.label ? '(right)' : '(wrong)'}
            </div>
          ) : null}
        </div>
      </div>
      <div className="bars" role="list" aria-label="Probability per class">
        {prediction.probabilities.map((p, label) => (
          <div key={label} role="listitem" className={`bar-row${label === prediction.label ? ' top' : ''}`}>
            <span>
              {label} {classNames[label] && classNames[label] !== String(label) ? `· ${classNames[label]}` : ''}
            </span>
            <span className="bar" style={{ width: `${Math.max(p * 100, 0.5)}%` }} aria-hidden="true" />
            <span className="num">{(p * 100).toFixed(1)} %</span>
          </div>
        ))}
      </div>
    </article>
  );
}
