export * from './principal';
export * from './api-keys';
export * from './token-verifier';
export * from './auth.guard';
export * from './auth.module';
