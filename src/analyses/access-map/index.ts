export { buildAccessMap, type AccessMap, type AccessMapAction, type AccessMapBlocked, type AccessMapEntry, type AccessMapOptions } from './access-map.js';
export { BOUNDARY_ORDER, BOUNDARY_TITLES, boundaryOf, type AccessBoundary } from './access-boundary.js';
export { ACCESS_MAP_ACTIONS, CLASS_ORDER, CLASS_TITLES, classOf, type ActionClass } from './action-classes.js';
export { sourceAccountsOf } from './source-accounts.js';
export { firstPrincipal, principalSet, sortedMembers, type PrincipalSet } from './principal-set.js';
