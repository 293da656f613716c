import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The tenants as published on csc.tenants.v1 (population, targets, calendars). */
@Entity({ name: 'tenant_settings' })
export class TenantSettingsEntity {
  @PrimaryColumn({ type: 'text' })
  tenant!: string;

  @Column({ type: 'jsonb' })
  settings!: Record<string, unknown>;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
