import { decidePromotion } from './promotion-gate.js';

describe('decidePromotion', () => {
  it('promotes when the alias points nowhere', () => {
    expect(decidePromotion('production', { version: 1, testAccuracy: 0.5 }, null)).toEqual({
      promote: true,
      reason: "'production' pointed to no version: v1 (50.00 %) promoted",
    });
  });

  it('promotes a strictly better candidate only', () => {
    const current = { version: 3, testAccuracy: 0.9 };
    expect(decidePromotion('production', { version: 4, testAccuracy: 0.9001 }, current)).toMatchObject({ promote: true });
    expect(decidePromotion('production', { version: 4, testAccuracy: 0.9 }, current)).toEqual({
      promote: false,
      reason: "v4 scored 90.00 % on the test split, not more than v3 (90.00 %): 'production' stays at v3",
    });
    expect(decidePromotion('staging', { version: 4, testAccuracy: 0.2 }, current).promote).toBe(false);
  });

  it('does not promote the version the alias already points to', () => {
    expect(decidePromotion('production', { version: 2, testAccuracy: 1 }, { version: 2, testAccuracy: 1 })).toEqual({
      promote: false,
      reason: "'production' already points to v2",
    });
  });
});
