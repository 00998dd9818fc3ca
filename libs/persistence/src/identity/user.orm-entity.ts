import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'users' })
export class UserOrmEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { unique: true }) username: string;
  @Column('text', { name: 'display_name' }) displayName: string;
  @Column('text', { name: 'password_hash' }) passwordHash: string;
  @Column('uuid', { name: 'org_id' }) orgId: string;
  @Column('text', { array: true }) roles: string[];
  @Column('boolean', { default: true }) active: boolean;
  @Column('text', { default: 'zh-CN' }) locale: string;
  @Column('text', { nullable: true }) email: string | null;
  @Column('integer', { name: 'token_version', default: 0 }) tokenVersion: number;
  @Column('timestamptz', { name: 'updated_at', nullable: true }) updatedAt: Date | null;
  @Column('timestamptz', { name: 'password_changed_at', nullable: true }) passwordChangedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
