import { InvalidRequestError, MethodNotAllowedError, RouteNotFoundError } from './errors.js';
import { parseModelRef, parseServingPath, parseServingRoute } from './routes.js';

describe('parseServingPath', () => {
  it.each([
    ['/v1/models/mnist:predict', { action: 'predict', ref: { name: 'mnist' } }],
    ['/v1/models/mnist/versions/3:predict', { action: 'predict', ref: { name: 'mnist', version: 3 } }],
    ['/v1/models/mnist/labels/production:predict', { action: 'predict', ref: { name: 'mnist', alias: 'production' } }],
    ['/v1/models/mnist:classify', { action: 'classify', ref: { name: 'mnist' } }],
    ['/v1/models/mnist/labels/canary:classify', { action: 'classify', ref: { name: 'mnist', alias: 'canary' } }],
    ['/v1/models/mnist', { action: 'status', ref: { name: 'mnist' } }],
    ['/v1/models/mnist/versions/12', { action: 'status', ref: { name: 'mnist', version: 12 } }],
    ['/v1/models/mnist/metadata', { action: 'metadata', ref: { name: 'mnist' } }],
    ['/v1/models/mnist/versions/2/metadata?x=1', { action: 'metadata', ref: { name: 'mnist', version: 2 } }],
    ['/v1/models/fashion_v2.1-b%3Apredict', { action: 'predict', ref: { name: 'fashion_v2.1-b' } }],
  ])('%s', (path, expected) => {
    expect(parseServingPath(path)).toEqual(expected);
  });

  it.each([
    ['/v1/models/bad name:predict', /model name "bad name" is not valid: use letters, digits/],
    ['/v1/models/-x', /model name "-x" is not valid/],
    ['/v1/models/mnist/versions/0:predict', /version "0" is not valid: use a positive integer/],
    ['/v1/models/mnist/versions/1.5:predict', /version "1.5" is not valid/],
    ['/v1/models/mnist/versions/99999999999999999:predict', /version "99999999999999999" is not valid/],
    ['/v1/models/mnist/labels/Prod!:predict', /label "Prod!" is not valid: use lower-case letters/],
    ['/v1/models/mnist/labels/%E0%A4%A:predict', /path segment "%E0%A4%A:predict" is not valid percent-encoding/],
  ])('400 for %s', (path, message) => {
    const error = catchError(() => parseServingPath(path));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_path' });
    expect(error.message).toMatch(message);
  });

  it.each([
    ['/v2/models/mnist:predict', /no serving route at "\/v2\/models\/mnist:predict"; expected \/v1\/models\/\{name\}/],
    ['/v1/models/mnist:explain', /unknown method ":explain"; use :predict or :classify/],
    ['/v1/models/mnist/tags/x:predict', /expected "versions" or "labels" after the model name, got "tags"/],
    ['/v1/models/mnist/versions:predict', /no serving route/],
    ['/v1/models/mnist/versions/3/extra/more', /no serving route/],
  ])('404 for %s', (path, message) => {
    const error = catchError(() => parseServingPath(path));
    expect(error).toBeInstanceOf(RouteNotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'route_not_found' });
    expect(error.message).toMatch(message);
  });
});

describe('parseServingRoute', () => {
  it('checks the method and says which one the route takes', () => {
    expect(parseServingRoute('post', '/v1/models/mnist:predict').action).toBe('predict');
    const error = catchError(() => parseServingRoute('GET', '/v1/models/mnist:predict'));
    expect(error).toBeInstanceOf(MethodNotAllowedError);
    expect(error).toMatchObject({ status: 405, allow: 'POST', message: 'predict takes POST, not GET' });
    expect(catchError(() => parseServingRoute('POST', '/v1/models/mnist'))).toMatchObject({ status: 405, allow: 'GET' });
  });
});

describe('parseModelRef', () => {
  it('validates already-split params and refuses a version and a label together', () => {
    expect(parseModelRef({ name: 'mnist', version: '7' })).toEqual({ name: 'mnist', version: 7 });
    expect(catchError(() => parseModelRef({ name: 'mnist', version: '7', alias: 'production' })).message).toBe('give a version or a label, not both');
  });
});

function catchError(fn: () => unknown): Error & { status?: number } {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}
