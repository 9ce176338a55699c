import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FigureSummary } from './paper-index.js';
import { writePaperIndex } from './paper-index.js';

const summary = (overrides: Partial<FigureSummary>): FigureSummary => ({
  id: 'widths', name: 'widths-mnist-10k', title: 'Widths', paperReference: 'Fig. 6a', command: 'npm run hsic -- paper widths --dataset mnist-10k',
  quick: false, findings: ['Wider is better: yes.'], ...overrides,
});

describe('the paper index (docs/paper/README.md)', () => {
  it('lists every full figure page in the paper’s order with its command and findings, and no quick page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hsic-paper-index-'));
    try {
      writeFileSync(join(dir, 'widths-mnist-10k.json'), JSON.stringify(summary({})));
      writeFileSync(join(dir, 'epochs-mnist-10k.json'), JSON.stringify(summary({ id: 'epochs', name: 'epochs-mnist-10k', title: 'Epochs', paperReference: 'Fig. 5', findings: ['More is better: yes.'] })));
      writeFileSync(join(dir, 'widths-mnist-10k-quick.json'), JSON.stringify(summary({ name: 'widths-mnist-10k-quick', quick: true })));
      const text = readFileSync(await writePaperIndex(dir), 'utf8');
      const rows = text.split('\n').filter((line) => line.startsWith('| ['));
      expect(rows).toEqual([
        '| [Epochs](epochs-mnist-10k.md) | Fig. 5 | `npm run hsic -- paper widths --dataset mnist-10k` | More is better: yes. |',
        '| [Widths](widths-mnist-10k.md) | Fig. 6a | `npm run hsic -- paper widths --dataset mnist-10k` | Wider is better: yes. |',
      ]);
      expect(text).toContain('Figures with a command but no full run in this folder yet:');
      // Every figure but the two with pages, each with its command.
      expect(text).toContain('- `hsic paper needle`: ');
      expect(text).toContain('- `hsic paper resconv`: ');
      expect(text).not.toContain('- `hsic paper widths`');
      expect(text).not.toContain('- `hsic paper epochs`');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
