import { relayRunFeed } from '@/lib/api/run-feed';
import { encodeFeedEvent, FEED_KEEPALIVE_MS, FEED_RETRY_MS } from '@/lib/live/feed-protocol';

export const dynamic = 'force-dynamic';

/** A run's live metrics for the browser as server-sent events (see lib/live/feed-protocol.ts). */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await context.params;
  const encoder = new TextEncoder();
  const abort = new AbortController();
  request.signal.addEventListener('abort', () => abort.abort(), { once: true });
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        if (!abort.signal.aborted) controller.enqueue(encoder.encode(text));
      };
      write(`retry: ${FEED_RETRY_MS}\n\n`);
      const keepAlive = setInterval(() => write(': keep-alive\n\n'), FEED_KEEPALIVE_MS);
      void relayRunFeed(id, (event) => write(encodeFeedEvent(event)), abort.signal).finally(() => {
        clearInterval(keepAlive);
        if (!abort.signal.aborted) controller.close();
      });
    },
    cancel() {
      abort.abort();
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}
