/** What we store as a pg-boss job's data: the payload, and the cron tick for scheduled jobs. */
export interface JobEnvelope {
  readonly payload: object;
  readonly scheduledFor: string | null;
}

export const wrap = (payload: object, scheduledFor: Date | null = null): JobEnvelope => ({
  payload,
  scheduledFor: scheduledFor?.toISOString() ?? null,
});

export function unwrap(data: unknown): { payload: object; scheduledFor: Date | null } {
  const envelope = data as Partial<JobEnvelope> | null;
  if (!envelope || typeof envelope.payload !== 'object' || envelope.payload === null) {
    // Sent by something other than this library (e.g. pg-boss directly): hand it over as it is.
    return { payload: (data ?? {}) as object, scheduledFor: null };
  }
  return { payload: envelope.payload, scheduledFor: envelope.scheduledFor ? new Date(envelope.scheduledFor) : null };
}
