/**
 * The serving REST routes (TF Serving's URL scheme, plus an image endpoint):
 *
 *   POST /v1/models/{name}:predict                       body {"instances": [...]} or {"inputs": [...]}
 *   POST /v1/models/{name}/versions/{v}:predict          a fixed, immutable version
 *   POST /v1/models/{name}/labels/{label}:predict        whatever version the label points at now
 *   POST /v1/models/{name}[/versions/{v}|/labels/{label}]:classify
 *                                                        multipart/form-data, one or more files in field "images"
 *   GET  /v1/models/{name}[/versions/{v}|/labels/{label}]            model status (TF Serving's GetModelStatus)
 *   GET  /v1/models/{name}[/versions/{v}|/labels/{label}]/metadata   input shape, classes, checkpoint hash
 *
 * {name}: 1–100 of letters, digits, '.', '_', '-', starting with a letter or digit (contracts' modelNameSchema).
 * {v}: a positive integer. {label}: 1–50 of lower-case letters, digits, '_', '-', starting with a letter
 * (contracts' aliasNameSchema). Without a version or label, the latest version answers (the ModelSource resolves it).
 *
 * parseServingRoute turns a method + path into { action, ref }; the HTTP layer can mount one
 * catch-all under /v1/models and dispatch on `action`, or use parseModelRef on its own params.
 */
import { aliasNameSchema, modelNameSchema } from '@hsic/contracts';
import { InvalidRequestError, MethodNotAllowedError, RouteNotFoundError } from './errors.js';
import { quote } from './messages.js';
import type { ModelRef } from './model-source.js';

export type ServingAction = 'predict' | 'classify' | 'status' | 'metadata';

export interface ServingRoute {
  readonly action: ServingAction;
  readonly ref: ModelRef;
}

export const ACTION_METHODS: Readonly<Record<ServingAction, 'GET' | 'POST'>> = {
  predict: 'POST',
  classify: 'POST',
  status: 'GET',
  metadata: 'GET',
};

const PREFIX = '/v1/models/';
const VERSION = /^[1-9][0-9]{0,15}$/;
const VERBS: Readonly<Record<string, ServingAction>> = { predict: 'predict', classify: 'classify' };
const ROUTE_SHAPE = '/v1/models/{name}[/versions/{v}|/labels/{label}][:predict|:classify|/metadata]';

export function parseModelName(name: string): string {
  const parsed = modelNameSchema.safeParse(name);
  if (!parsed.success) throw new InvalidRequestError(`model name ${quote(name)} is not valid: use ${parsed.error.issues[0].message}`, 'invalid_path');
  return name;
}

export function parseModelVersion(version: string): number {
  const value = Number(version);
  if (!VERSION.test(version) || !Number.isSafeInteger(value)) {
    throw new InvalidRequestError(`version ${quote(version)} is not valid: use a positive integer such as 1 or 12`, 'invalid_path');
  }
  return value;
}

export function parseModelAlias(alias: string): string {
  const parsed = aliasNameSchema.safeParse(alias);
  if (!parsed.success) throw new InvalidRequestError(`label ${quote(alias)} is not valid: use ${parsed.error.issues[0].message}`, 'invalid_path');
  return alias;
}

/** For frameworks that already split the path into params. At most one of version and alias. */
export function parseModelRef(params: { name: string; version?: string; alias?: string }): ModelRef {
  const name = parseModelName(params.name);
  if (params.version !== undefined && params.alias !== undefined) {
    throw new InvalidRequestError('give a version or a label, not both', 'invalid_path');
  }
  if (params.version !== undefined) return { name, version: parseModelVersion(params.version) };
  if (params.alias !== undefined) return { name, alias: parseModelAlias(params.alias) };
  return { name };
}

/** Parses a request path (query string ignored) into the action and model it addresses. */
export function parseServingPath(path: string): ServingRoute {
  const pathname = path.split('?', 1)[0];
  if (!pathname.startsWith(PREFIX)) throw new RouteNotFoundError(`no serving route at ${quote(pathname)}; expected ${ROUTE_SHAPE}`);
  const segments = pathname.slice(PREFIX.length).split('/').map(decodeSegment);

  let action: ServingAction = 'status';
  const last = segments[segments.length - 1];
  const colon = last.indexOf(':');
  if (colon >= 0) {
    const verb = last.slice(colon + 1);
    const verbAction = VERBS[verb];
    if (!verbAction) throw new RouteNotFoundError(`unknown method ${quote(':' + verb)}; use :predict or :classify`);
    action = verbAction;
    segments[segments.length - 1] = last.slice(0, colon);
  } else if (segments.length > 1 && last === 'metadata') {
    action = 'metadata';
    segments.pop();
  }

  const [name, kind, value, ...rest] = segments;
  if (rest.length > 0 || (kind !== undefined && value === undefined)) {
    throw new RouteNotFoundError(`no serving route at ${quote(pathname)}; expected ${ROUTE_SHAPE}`);
  }
  if (kind === undefined) return { action, ref: parseModelRef({ name }) };
  if (kind === 'versions') return { action, ref: parseModelRef({ name, version: value }) };
  if (kind === 'labels') return { action, ref: parseModelRef({ name, alias: value }) };
  throw new RouteNotFoundError(`no serving route at ${quote(pathname)}: expected "versions" or "labels" after the model name, got ${quote(kind)}`);
}

/** parseServingPath plus the method check: 405 with the allowed method when it does not match. */
export function parseServingRoute(method: string, path: string): ServingRoute {
  const route = parseServingPath(path);
  const allowed = ACTION_METHODS[route.action];
  if (method.toUpperCase() !== allowed) {
    throw new MethodNotAllowedError(`${route.action} takes ${allowed}, not ${method.toUpperCase()}`, allowed);
  }
  return route;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new InvalidRequestError(`path segment ${quote(segment)} is not valid percent-encoding`, 'invalid_path');
  }
}
