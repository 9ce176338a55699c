'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { ActionResult } from './action-result';

/**
 * Runs a server action from a control: pending while it runs, the API's own error text when it fails, and
 * the page's server-rendered data refreshed when it succeeds.
 */
export function useAction<T>() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<T | null>(null);
  const run = (action: () => Promise<ActionResult<T>>) =>
    start(async () => {
      const result = await action();
      if (result.ok) {
        setProblem(null);
        setDone(result.value);
        router.refresh();
      } else {
        setProblem(result.problem.message);
      }
    });
  return { run, pending, problem, done };
}
