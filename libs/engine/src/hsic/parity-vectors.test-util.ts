// Inputs and expected values of HSIC.md §1.6 (computed in float64 from the reference's formulas).
export const PARITY_SIGMA = 5;
export const PARITY_BETA = 50;
export const parityX = (): number[][] =>
  Array.from({ length: 8 }, (_, i) => Array.from({ length: 4 }, (_, j) => Math.sin(0.7 * (4 * i + j) + 0.3)));
export const parityZ = (): number[][] =>
  Array.from({ length: 8 }, (_, i) => Array.from({ length: 3 }, (_, j) => Math.cos(0.5 * (3 * i + j) - 0.2)));
export const parityLabels = (): number[] => Array.from({ length: 8 }, (_, i) => i % 3);
export const PARITY_EXPECTED = {
  nhsicZX: 1.34441355,
  nhsicZY: 0.41112129,
  hsicPlainZX: 1.5210627e-5,
  loss: -19.2116509,
  gradRow0: [4.100866, -5.306371, -13.413999],
  gradRow7: [-5.608291, -4.642279, -2.539298],
  gradNorm: 28.0352,
};
