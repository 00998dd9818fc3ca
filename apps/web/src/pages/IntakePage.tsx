import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Form, Input, Row, Select, Space, Typography, type FormInstance } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, ApiError, newIdempotencyKey } from '../api/client';
import type { CaseView } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { COUNTY_CODES } from '../i18n/labels';
import { useI18n } from '../i18n/I18nProvider';
import { CHANNELS, COLLECTIVE_THRESHOLD, DISPUTE_TYPES, EMPLOYMENT_FORMS, ID_TYPES } from '../lib/domain';
import { IdempotencyKeys } from '../lib/form-values';
import { intakeBody, isFormField, type IntakeValues, type WorkerValues } from '../lib/intake';
import { useErrorText } from '../lib/hooks';
import { formatFen, parseYuanToFen, sumFen } from '../lib/money';
import { shanghaiDate } from '../lib/time';
import { checkCreditCode, checkIdNumber, checkPhone, checkRegionCode, checkYuan, fieldPath, type Check } from '../lib/validation';

/** An antd validator from a live check: errors block, warnings only warn. */
function rule(check: () => Check, t: (k: Check['key'] & string, v?: Record<string, string>) => string, level: 'error' | 'warning') {
  return {
    warningOnly: level === 'warning',
    validator: () => {
      const r = check();
      return r.level === level && r.key ? Promise.reject(new Error(t(r.key, r.vars))) : Promise.resolve();
    },
  };
}

function WorkerFields({ form, name, index, remove, canRemove }: { form: FormInstance<IntakeValues>; name: number; index: number; remove: () => void; canRemove: boolean }) {
  const { t, label } = useI18n();
  const today = shanghaiDate(new Date());
  const idType = Form.useWatch(['workers', name, 'idType'], form) as string | undefined;
  const idNumber = Form.useWatch(['workers', name, 'idNumber'], form) as string | undefined;
  const idCheck = checkIdNumber(idNumber, idType, today);
  const idHint = idCheck.level === 'ok' && idCheck.key ? t(idCheck.key, { ...idCheck.vars, sex: t(idCheck.vars?.sex === 'F' ? 'validation.sex.F' : 'validation.sex.M') }) : undefined;
  const tr = (k: Check['key'] & string, v?: Record<string, string>) => t(k, v);
  return (
    <Card
      size="small"
      type="inner"
      title={t('intake.worker', { n: index + 1 })}
      extra={canRemove && <Button type="text" danger icon={<DeleteOutlined />} onClick={remove} aria-label={t('common.remove')} />}
      style={{ marginBottom: 12 }}
      data-testid={`worker-${index}`}
    >
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name={[name, 'name']} label={t('intake.worker.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
            <Input maxLength={100} data-testid={`worker-${index}-name`} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={[name, 'idType']} label={t('intake.worker.idType')} initialValue="RESIDENT_ID">
            <Select options={ID_TYPES.map((v) => ({ value: v, label: label('idType', v) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name={[name, 'idNumber']}
            label={t('intake.worker.idNumber')}
            required
            dependencies={[['workers', name, 'idType']]}
            validateTrigger={['onChange', 'onBlur']}
            extra={idHint}
            rules={[
              rule(() => checkIdNumber(form.getFieldValue(['workers', name, 'idNumber']), form.getFieldValue(['workers', name, 'idType']), today), tr, 'error'),
              rule(() => checkIdNumber(form.getFieldValue(['workers', name, 'idNumber']), form.getFieldValue(['workers', name, 'idType']), today), tr, 'warning'),
            ]}
          >
            <Input maxLength={40} className="mono" autoComplete="off" data-testid={`worker-${index}-idNumber`} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name={[name, 'phone']}
            label={t('intake.worker.phone')}
            required
            validateTrigger={['onChange', 'onBlur']}
            rules={[rule(() => checkPhone(form.getFieldValue(['workers', name, 'phone'])), tr, 'error')]}
          >
            <Input maxLength={20} className="mono" autoComplete="off" data-testid={`worker-${index}-phone`} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name={[name, 'employmentForm']} label={t('intake.worker.employmentForm')}>
            <Select allowClear options={EMPLOYMENT_FORMS.map((v) => ({ value: v, label: label('employmentForm', v) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name={[name, 'homeRegionCode']}
            label={t('intake.worker.homeRegion')}
            rules={[rule(() => checkRegionCode(form.getFieldValue(['workers', name, 'homeRegionCode'])), tr, 'error')]}
          >
            <Input maxLength={12} className="mono" />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Space size="large">
            <Form.Item name={[name, 'isMigrantWorker']} valuePropName="checked" noStyle initialValue={true}>
              <Checkbox>{t('intake.worker.migrant')}</Checkbox>
            </Form.Item>
            <Form.Item name={[name, 'representative']} valuePropName="checked" noStyle>
              <Checkbox>{t('intake.worker.representative')}</Checkbox>
            </Form.Item>
          </Space>
        </Col>
      </Row>
    </Card>
  );
}

/** Intake: a new case with live checks of ID numbers, credit codes and phones (the server's own parsers). */
export function IntakePage() {
  const { user } = useAuth();
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const [form] = Form.useForm<IntakeValues>();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string>();
  const keys = useRef(new IdempotencyKeys(newIdempotencyKey));
  const tr = (k: Check['key'] & string, v?: Record<string, string>) => t(k, v);

  const defaultRegion = user?.regionCode && COUNTY_CODES.includes(user.regionCode) ? user.regionCode : COUNTY_CODES[0];
  const claims = Form.useWatch('claims', form) as IntakeValues['claims'] | undefined;
  const workers = Form.useWatch('workers', form) as WorkerValues[] | undefined;
  const totalClaimed = useMemo(() => sumFen((claims ?? []).map((c) => (c?.claimedFen ? parseYuanToFen(c.claimedFen) : 0))), [claims]);
  const repCount = (workers ?? []).filter((w) => w?.representative).length;
  const collective = (workers?.length ?? 0) >= COLLECTIVE_THRESHOLD;

  const submit = async (values: IntakeValues) => {
    setFormError(undefined);
    const body = intakeBody(values);
    setBusy(true);
    try {
      const created = await api.post<CaseView>('/api/cases', body, { 'idempotency-key': keys.current.keyFor(body) });
      keys.current.settle();
      message.success(t('intake.created', { caseNo: created.caseNo }));
      navigate(`/cases/${created.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.status !== 0) keys.current.settle();
      if (e instanceof ApiError && e.fieldErrors.length > 0) {
        const onFields = e.fieldErrors.filter((f) => isFormField(f.field));
        form.setFields(onFields.map((f) => ({ name: fieldPath(f.field) as never, errors: [f.message] })));
        const rest = e.fieldErrors.filter((f) => !onFields.includes(f));
        setFormError(rest.length > 0 ? rest.map((f) => `${f.field}: ${f.message}`).join('; ') : t('common.validation'));
      } else {
        setFormError(errorText(e));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="page-title">
        <Typography.Title level={3}>{t('intake.title')}</Typography.Title>
      </div>
      <Form<IntakeValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        onFinishFailed={() => setFormError(t('common.validation'))}
        scrollToFirstError
        initialValues={{
          channel: 'WALK_IN',
          regionCode: defaultRegion,
          disputeTypes: ['WAGE_ARREARS'],
          workers: [{ idType: 'RESIDENT_ID', isMigrantWorker: true }],
          claims: [{ type: 'WAGE_ARREARS' }],
        }}
        data-testid="intake-form"
      >
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card title={t('intake.section.application')}>
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name="channel" label={t('intake.channel')} rules={[{ required: true, message: t('validation.required') }]}>
                  <Select options={CHANNELS.map((c) => ({ value: c, label: label('channel', c) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="regionCode" label={t('intake.region')} rules={[{ required: true, message: t('validation.required') }]}>
                  <Select options={COUNTY_CODES.map((c) => ({ value: c, label: `${label('region', c)}（${c}）` }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="receivedAt" label={t('intake.receivedAt')}>
                  <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24}>
                <Form.Item name="disputeTypes" label={t('intake.disputeTypes')} rules={[{ required: true, type: 'array', min: 1, message: t('validation.required') }]}>
                  <Select mode="multiple" options={DISPUTE_TYPES.map((d) => ({ value: d, label: label('disputeType', d) }))} />
                </Form.Item>
              </Col>
              <Col xs={24}>
                <Form.Item name="facts" label={t('intake.facts')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
                  <Input.TextArea rows={3} maxLength={20000} placeholder={t('intake.facts.placeholder')} data-testid="facts" />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card title={t('intake.section.workers')}>
            {collective && (
              <Alert
                type={repCount >= 3 && repCount <= 5 ? 'info' : 'warning'}
                showIcon
                style={{ marginBottom: 12 }}
                title={`${t('intake.collectiveHint')} — ${t('validation.representatives', { n: repCount })}`}
              />
            )}
            <Form.List name="workers">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f, i) => (
                    <WorkerFields key={f.key} form={form} name={f.name} index={i} remove={() => remove(f.name)} canRemove={fields.length > 1} />
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ idType: 'RESIDENT_ID', isMigrantWorker: true })} block>
                    {t('intake.addWorker')}
                  </Button>
                </>
              )}
            </Form.List>
          </Card>

          <Card title={t('intake.section.employer')}>
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name={['employer', 'name']} label={t('intake.employer.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
                  <Input maxLength={200} data-testid="employer-name" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item
                  name={['employer', 'creditCode']}
                  label={t('intake.employer.creditCode')}
                  required
                  validateTrigger={['onChange', 'onBlur']}
                  rules={[rule(() => checkCreditCode(form.getFieldValue(['employer', 'creditCode'])), tr, 'error')]}
                >
                  <Input maxLength={20} className="mono" autoComplete="off" data-testid="employer-creditCode" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name={['employer', 'address']} label={t('intake.employer.address')}>
                  <Input maxLength={500} />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card title={t('intake.section.claims')} extra={<Typography.Text strong data-testid="total-claimed">{t('intake.totalClaimed', { total: formatFen(totalClaimed) })}</Typography.Text>}>
            <Form.List name="claims">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f, i) => (
                    <Row gutter={16} key={f.key} align="top">
                      <Col xs={24} md={9}>
                        <Form.Item name={[f.name, 'type']} label={i === 0 ? t('intake.claim.type') : undefined} rules={[{ required: true, message: t('validation.required') }]}>
                          <Select options={DISPUTE_TYPES.map((d) => ({ value: d, label: label('disputeType', d) }))} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={6}>
                        <Form.Item
                          name={[f.name, 'claimedFen']}
                          label={i === 0 ? t('intake.claim.amount') : undefined}
                          required
                          validateTrigger={['onChange', 'onBlur']}
                          rules={[rule(() => checkYuan(form.getFieldValue(['claims', f.name, 'claimedFen']), { positive: false }), tr, 'error')]}
                        >
                          <Input prefix="¥" inputMode="decimal" data-testid={`claim-${i}-amount`} />
                        </Form.Item>
                      </Col>
                      <Col xs={10} md={7}>
                        <Form.Item name={[f.name, 'period']} label={i === 0 ? t('intake.claim.period') : undefined}>
                          <Input maxLength={100} placeholder="2025-01 — 2025-06" />
                        </Form.Item>
                      </Col>
                      <Col xs={2} md={2} style={{ paddingTop: i === 0 ? 30 : 0 }}>
                        {fields.length > 1 && <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common.remove')} />}
                      </Col>
                    </Row>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ type: 'WAGE_ARREARS' })} block>
                    {t('intake.addClaim')}
                  </Button>
                </>
              )}
            </Form.List>
          </Card>

          {formError && <Alert type="error" showIcon title={formError} data-testid="intake-error" />}
          <Space>
            <Button type="primary" htmlType="submit" loading={busy} size="large" data-testid="intake-submit">
              {t('intake.submit')}
            </Button>
            <Button size="large" onClick={() => navigate(-1)}>
              {t('common.cancel')}
            </Button>
          </Space>
        </Space>
      </Form>
    </>
  );
}
