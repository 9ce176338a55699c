import { routeLabel } from './route-label.js';

describe('routeLabel', () => {
  it('turns serving paths into patterns, so metric labels stay few', () => {
    expect(routeLabel('/v1/models/mnist:predict')).toBe('/v1/models/{name}:predict');
    expect(routeLabel('/v1/models/other:classify')).toBe('/v1/models/{name}:classify');
    expect(routeLabel('/v1/models/mnist/versions/12:predict')).toBe('/v1/models/{name}/versions/{v}:predict');
    expect(routeLabel('/v1/models/mnist/labels/production:classify')).toBe('/v1/models/{name}/labels/{label}:classify');
    expect(routeLabel('/v1/models/mnist/metadata')).toBe('/v1/models/{name}/metadata');
    expect(routeLabel('/v1/models/mnist')).toBe('/v1/models/{name}');
  });

  it('keeps fixed routes and lumps everything else together', () => {
    expect(routeLabel('/graphql')).toBe('/graphql');
    expect(routeLabel('/v2/health/ready')).toBe('/v2/health/ready');
    expect(routeLabel('/v1/models/a/b/c/d')).toBe('/v1/models/(invalid)');
    expect(routeLabel('/wp-admin/login.php')).toBe('(other)');
  });
});
