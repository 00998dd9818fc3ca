import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'orgs' })
export class OrgOrmEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') agency: string;
  @Column('text', { name: 'region_code' }) regionCode: string;
  @Column('text') tier: string;
  @Column('uuid', { name: 'parent_id', nullable: true }) parentId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
