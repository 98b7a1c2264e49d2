// Colours dark enough for white text and for text on white (WCAG AA, 4.5:1 at small sizes):
// Mantine's orange, green and yellow shades are not, even at 9.
export const TONE = {
  warning: '#9a3a00',
  success: '#1d6b33',
  caution: '#6b4f00',
  violet: '#5f3dc4',
} as const;
