// Child process for wasm-threaded.spec.ts: initializes threaded wasm, runs a matmul, compares it with
// the cpu backend and, unless HSIC_TEST_SKIP_SHUTDOWN is set, calls shutdownBackend(). The spec checks
// that the process then exits by itself (code 0) and quickly.
import { tf } from '../tf.js';
import { initBackend, shutdownBackend } from './select-backend.js';

const threads = Number(process.env['HSIC_TEST_THREADS'] ?? '2');
const info = await initBackend({ prefer: 'wasm', threads, logger: () => undefined });

const n = 192;
const av = Float32Array.from({ length: n * n }, (_, i) => Math.sin(i * 0.37));
const bv = Float32Array.from({ length: n * n }, (_, i) => Math.cos(i * 0.11));
// (Read data outside tf.tidy: a tidy that returns a big TypedArray walks it element by element.)
const product = () => tf.tidy(() => tf.matMul(tf.tensor2d(av, [n, n]), tf.tensor2d(bv, [n, n]), false, true));
const onWasmT = product();
const onWasm = onWasmT.dataSync();
onWasmT.dispose();
const leftTensors = tf.memory().numTensors;

if (process.env['HSIC_TEST_SKIP_SHUTDOWN'] == null) await shutdownBackend();
await tf.setBackend('cpu');
const onCpu = product().dataSync();
let maxAbsDiff = 0;
for (let i = 0; i < onCpu.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(onCpu[i]! - onWasm[i]!));

process.stdout.write(`${JSON.stringify({ info, maxAbsDiff, leftTensors })}\n`);
