// Colours of the SPA in one place: deal classes (the same hue for a class on every chart),
// comparison tones, and chart chrome. Each text colour reaches 4.5:1 on white.
import type { DealClass } from '@partner-kpi/metrics';

export const CLASS_COLOURS: Readonly<Record<DealClass | 'partner', string>> = {
  sourced: '#0f766e', // teal 700
  influenced: '#2563eb', // blue 600
  partner: '#1e40af', // blue 800
  direct: '#64748b', // slate 500
  other: '#a16207', // amber 700
};

export const CLASS_LABELS: Readonly<Record<DealClass, string>> = {
  sourced: 'Partner-sourced',
  influenced: 'Partner-influenced',
  direct: 'Direct',
  other: 'Other partner',
};

export const SERIES_COLOURS = {
  attached: '#0f766e',
  unattached: '#64748b',
  blended: '#7c3aed', // violet 600
  share: '#b45309', // amber 700
  nonPartner: '#cbd5e1', // slate 300 (bar fill only, never text)
} as const;

export const TONE_COLOURS = {
  good: '#15803d',
  bad: '#b91c1c',
  neutral: '#475569',
} as const;

export const CHART = {
  grid: '#e2e8f0',
  axis: '#475569',
  fontSize: 12,
} as const;
