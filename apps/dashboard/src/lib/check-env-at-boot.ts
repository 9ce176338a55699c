import { serverEnv } from './server-env';

// A bad environment stops the server at start with a message naming the variable, not at the first request.
try {
  const env = serverEnv();
  console.log(`hsic dashboard: API at ${env.HSIC_API_URL} (${env.HSIC_API_KEY ? 'with an API key' : 'without an API key: read-only'}); /api/classify serves model '${env.HSIC_DASHBOARD_MODEL}'`);
} catch (error) {
  console.error(`hsic dashboard: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
