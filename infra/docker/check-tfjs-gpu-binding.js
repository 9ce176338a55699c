// Build-time check for the GPU worker image, run from the workspace root after
// `npm rebuild @tensorflow/tfjs-node-gpu`. tfjs-node-gpu is an optional dependency, so npm drops it quietly
// when its install script fails; without this check the image would build "fine" and then refuse to start
// with "HSIC_BACKEND=tensorflow-gpu but backend 'tensorflow-gpu' is not available".
// It checks files only: loading libtensorflow is left to the worker's start on a GPU node.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const EXPECTED_VERSION = process.argv[2] || '4.22.0';
const fromWorkspace = createRequire(path.join(process.cwd(), 'package.json'));

function fail(message) {
  process.stderr.write(`check-tfjs-gpu-binding: ${message}\n`);
  process.exit(1);
}

let packageJsonPath = '';
try {
  packageJsonPath = fromWorkspace.resolve('@tensorflow/tfjs-node-gpu/package.json');
} catch {
  fail('@tensorflow/tfjs-node-gpu is not installed (npm ci drops an optional dependency whose install failed)');
}
const packageDir = path.dirname(packageJsonPath);
const { version } = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8'));
if (version !== EXPECTED_VERSION) fail(`found @tensorflow/tfjs-node-gpu@${version}, expected ${EXPECTED_VERSION}`);

// node-pre-gyp decides where the binding lives (lib/napi-v<N>, N = the highest N-API version both Node and
// the package support); ask it rather than guessing N.
const preGyp = createRequire(packageJsonPath)('@mapbox/node-pre-gyp');
const bindingPath = preGyp.find(packageJsonPath);
if (!fs.existsSync(bindingPath)) {
  fail(`native binding missing at ${bindingPath}: the install script did not run or did not finish`);
}

const libDir = path.join(packageDir, 'deps', 'lib');
const libs = fs.existsSync(libDir) ? fs.readdirSync(libDir) : [];
for (const prefix of ['libtensorflow.so', 'libtensorflow_framework.so']) {
  if (!libs.some((name) => name.startsWith(prefix))) fail(`${prefix}* missing in ${libDir}`);
}
process.stdout.write(
  `tfjs-node-gpu ${version}: binding ${path.relative(process.cwd(), bindingPath)}, ${libs.length} libtensorflow files\n`,
);
