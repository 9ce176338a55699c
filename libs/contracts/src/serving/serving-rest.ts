// Wire shapes of the model-serving REST API (TF-Serving flavoured). The routes themselves are
// documented in @hsic/serving (routes.ts); these schemas are what clients and tests check bodies with.
import { z } from 'zod';

/**
 * POST /v1/models/{name}[/versions/{v}|/labels/{label}]:predict
 * Row format: `instances` holds one entry per input, each a flat array of the model's input size
 * (e.g. 784 numbers in [0, 1]) or a nested [h][w] / [h][w][c] array. Columnar `inputs` takes the
 * same batch array. Send exactly one of the two. The numbers are checked against the model by the
 * server, so this schema only fixes the envelope.
 */
export const predictRequestSchema = z
  .object({
    instances: z.array(z.unknown()).optional(),
    inputs: z.array(z.unknown()).optional(),
    /** Accepted for TF-Serving compatibility; models have one signature, 'serving_default'. */
    signature_name: z.string().optional(),
  })
  .refine((body) => (body.instances === undefined) !== (body.inputs === undefined), {
    message: 'send exactly one of "instances" or "inputs"',
  });

/** Which stored model version answered: aliases are resolved per request, so this can change between calls. */
export const servedModelSchema = z.object({
  name: z.string(),
  version: z.number().int().positive(),
});

/** One classified input. `label` indexes the model's classes; `class` is that class's name. */
export const predictionSchema = z.object({
  label: z.number().int().min(0),
  class: z.string(),
  /** One per class, in label order, summing to 1. */
  probabilities: z.array(z.number()),
});

export const predictResponseSchema = z.object({
  /** Same order as the request's instances. */
  predictions: z.array(predictionSchema),
  model: servedModelSchema,
});

/** POST /v1/models/{name}[...]:classify — multipart field `images`, one or more PNG/JPEG files. */
export const imagePredictionSchema = predictionSchema.extend({
  /** The upload's original file name. */
  file: z.string(),
});

export const classifyResponseSchema = z.object({
  /** Same order as the uploaded files. */
  predictions: z.array(imagePredictionSchema),
  model: servedModelSchema,
});

/** GET /v1/models/{name}[/versions/{v}|/labels/{label}] — as TF Serving's GetModelStatus, plus labels. */
export const modelVersionStatusSchema = z.object({
  /** TF Serving sends versions as strings. */
  version: z.string(),
  /** Every stored version is servable on demand; 'AVAILABLE' does not mean it is in memory (see `loaded`). */
  state: z.enum(['AVAILABLE']),
  status: z.object({ error_code: z.literal('OK'), error_message: z.string() }),
  /** Whether the version is currently in the server's model cache. */
  loaded: z.boolean(),
  /** The labels (aliases) that point at this version. */
  labels: z.array(z.string()),
});

export const modelStatusResponseSchema = z.object({
  name: z.string(),
  model_version_status: z.array(modelVersionStatusSchema),
  /** label → version. */
  labels: z.record(z.string(), z.number().int().positive()),
});

/** GET /v1/models/{name}[/versions/{v}|/labels/{label}]/metadata — what the version expects and returns. */
export const modelMetadataResponseSchema = z.object({
  model_spec: z.object({ name: z.string(), version: z.string(), signature_name: z.literal('serving_default') }),
  metadata: z.object({
    input: z.object({
      /** [height, width, channels]; a flat instance has height × width × channels values. */
      shape: z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]),
      size: z.number().int().positive(),
      dtype: z.literal('float32'),
      range: z.tuple([z.literal(0), z.literal(1)]),
    }),
    output: z.object({ classes: z.number().int().positive(), class_names: z.array(z.string()) }),
    /** How the class scores are read off the nets ('format', 'unformatted', 'backprop'). */
    readout: z.string(),
    checkpoint_sha256: z.string(),
    created_at: z.string(),
  }),
});

/** GET /v2/models/{name}[/versions/{v}]/ready (KServe v2 readiness): the version that would serve, loaded. */
export const modelReadyResponseSchema = z.object({
  name: z.string(),
  version: z.string(),
  ready: z.literal(true),
});

/** Every error answer: TF Serving's `error` message plus a stable machine-readable code. */
export const servingErrorResponseSchema = z.object({
  error: z.string(),
  code: z.string(),
});

export type PredictRequest = z.infer<typeof predictRequestSchema>;
export type ServedModel = z.infer<typeof servedModelSchema>;
export type PredictionBody = z.infer<typeof predictionSchema>;
export type PredictResponse = z.infer<typeof predictResponseSchema>;
export type ImagePredictionBody = z.infer<typeof imagePredictionSchema>;
export type ClassifyResponse = z.infer<typeof classifyResponseSchema>;
export type ModelVersionStatus = z.infer<typeof modelVersionStatusSchema>;
export type ModelStatusResponse = z.infer<typeof modelStatusResponseSchema>;
export type ModelMetadataResponse = z.infer<typeof modelMetadataResponseSchema>;
export type ServingErrorResponse = z.infer<typeof servingErrorResponseSchema>;
export type ModelReadyResponse = z.infer<typeof modelReadyResponseSchema>;
