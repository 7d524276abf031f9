import type { Boundary } from './map-graph';

/** Arrow colours by where the access comes from, seen from the target's account; the legend names them, the arrows carry the word too. */
export const BOUNDARY_COLOURS: Readonly<Record<Boundary, string>> = {
  organization: '#2f7d4a',
  outside: '#c2570c',
  public: '#c0262d',
  service: '#6d3fc0',
  unknown: '#6b7280',
};

export const BOUNDARY_WORDS: Readonly<Record<Boundary, string>> = {
  organization: 'inside the organization',
  outside: 'outside the organization',
  public: 'public',
  service: 'AWS service',
  unknown: 'organization unknown',
};

/** A refused access: the target side names the principal and a gate still says no. */
export const BLOCKED_COLOUR = '#8a939e';
