export * from './tenant-settings.entity';
export * from './tenant-settings.migration';
export * from './tenant-settings.store';
export * from './tenant-rules';
export * from './rules-version';
