import path from 'node:path';
import type { NextConfig } from 'next';

const workspaceRoot = path.join(__dirname, '..', '..');

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // ws loads optional native add-ons at run time; bundling it breaks that.
  serverExternalPackages: ['ws'],
  // npm workspaces: dependencies live in the root node_modules.
  outputFileTracingRoot: workspaceRoot,
  turbopack: { root: workspaceRoot },
};

export default config;
