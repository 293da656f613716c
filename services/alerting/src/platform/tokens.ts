export const ALERTING_CONFIG = Symbol('ALERTING_CONFIG');
