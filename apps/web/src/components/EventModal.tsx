import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Col, DatePicker, Form, Input, InputNumber, Modal, Radio, Row, Select, Space, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, newIdempotencyKey } from '../api/client';
import type { CaseView, Org } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { useI18n } from '../i18n/I18nProvider';
import { DISPUTE_TYPES, PAYMENT_METHODS } from '../lib/domain';
import { agreementTotals, eventBody, fieldsOf, type FieldSpec, type InstalmentValue, type ItemValue } from '../lib/event-forms';
import { dayForPicker, IdempotencyKeys, nowForPicker } from '../lib/form-values';
import { useErrorText } from '../lib/hooks';
import { fenToYuanText, formatFen, splitFen } from '../lib/money';
import { addDays, shanghaiDate } from '../lib/time';
import { checkYuan, fieldPath } from '../lib/validation';

const orgCache = new Map<string, Promise<Org[]>>();
function orgsOf(agency: string): Promise<Org[]> {
  let p = orgCache.get(agency);
  if (!p) {
    p = api.get<Org[]>(`/api/orgs?agency=${agency}`).catch((e) => {
      orgCache.delete(agency);
      throw e;
    });
    orgCache.set(agency, p);
  }
  return p;
}

function OrgSelect({ agency, regionCode, value, onChange, testId }: { agency: string; regionCode: string; value?: string; onChange?: (v: string) => void; testId?: string }) {
  const [orgs, setOrgs] = useState<Org[]>([]);
  useEffect(() => {
    void orgsOf(agency).then((list) => {
      // Organisations of the case's own region first, then the city's, then the rest.
      const rank = (o: Org) => (o.regionCode === regionCode ? 0 : regionCode.startsWith(o.regionCode.slice(0, 4)) ? 1 : 2);
      setOrgs([...list].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'zh-CN')));
    });
  }, [agency, regionCode]);
  return (
    <Select
      showSearch
      optionFilterProp="label"
      value={value}
      onChange={onChange}
      options={orgs.map((o) => ({ value: o.id, label: o.name }))}
      data-testid={testId}
    />
  );
}

/** The lead mediator: oneself (the usual case) or another mediator by user id. */
function MediatorPicker({ value, onChange }: { value?: string; onChange?: (v: string) => void }) {
  const { user } = useAuth();
  const { t } = useI18n();
  const self = user?.id ?? '';
  const [other, setOther] = useState(value && value !== self ? value : '');
  const mode = value === self ? 'self' : 'other';
  return (
    <Radio.Group value={mode} onChange={(e) => onChange?.(e.target.value === 'self' ? self : other)} style={{ width: '100%' }}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Radio value="self">{t('case.assignSelf', { name: user?.displayName ?? '' })}</Radio>
        <Radio value="other">{t('case.assignOther')}</Radio>
        {mode === 'other' && (
          <Input
            className="mono"
            value={other}
            placeholder="00000000-0000-0000-0000-000000000000"
            onChange={(e) => {
              setOther(e.target.value.trim());
              onChange?.(e.target.value.trim());
            }}
          />
        )}
      </Space>
    </Radio.Group>
  );
}

function initialValues(type: string, c: CaseView, userId: string): Record<string, unknown> {
  const now = nowForPicker();
  const today = shanghaiDate(new Date());
  switch (type) {
    case 'ASSIGN_MEDIATOR':
      return { mediatorId: userId };
    case 'SCHEDULE_SESSION':
      return { at: dayForPicker(addDays(today, 1)).hour(9).minute(0) };
    case 'REACH_AGREEMENT': {
      const claims = c.claims?.length ? c.claims : [{ type: 'WAGE_ARREARS', claimedFen: 0, period: null }];
      const total = claims.reduce((s, x) => s + x.claimedFen, 0);
      return {
        items: claims.map((x) => ({ type: x.type, agreedFen: x.claimedFen > 0 ? fenToYuanText(x.claimedFen) : undefined })),
        schedule: splitFen(total, 1).map((amount) => ({ dueDate: dayForPicker(addDays(today, 30)), amountFen: amount > 0 ? fenToYuanText(amount) : undefined })),
        signedAt: now,
      };
    }
    case 'RECORD_PAYMENT':
      return { amountFen: c.money.outstandingFen > 0 ? fenToYuanText(c.money.outstandingFen) : undefined, paidAt: now, method: 'BANK_TRANSFER' };
    case 'AWARD_SERVED':
      return { servedAt: now };
    case 'EXTEND_MEDIATION':
      return { days: 15, consentOfBoth: false };
    default:
      return {};
  }
}

function AgreementFields() {
  const { t, label } = useI18n();
  const form = Form.useFormInstance();
  const items = Form.useWatch('items', form) as ItemValue[] | undefined;
  const schedule = Form.useWatch('schedule', form) as InstalmentValue[] | undefined;
  const totals = agreementTotals(items, schedule);
  const yuanRule = (path: (string | number)[]) => ({
    validator: () => {
      const r = checkYuan(form.getFieldValue(path));
      return r.level === 'error' ? Promise.reject(new Error(t(r.key))) : Promise.resolve();
    },
  });
  return (
    <>
      <Typography.Text strong style={{ display: 'block', margin: '12px 0 8px' }}>
        {t('event.items')}
      </Typography.Text>
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Row gutter={8} key={f.key} align="top">
                <Col span={13}>
                  <Form.Item name={[f.name, 'type']} rules={[{ required: true, message: t('validation.required') }]}>
                    <Select options={DISPUTE_TYPES.map((d) => ({ value: d, label: label('disputeType', d) }))} />
                  </Form.Item>
                </Col>
                <Col span={9}>
                  <Form.Item name={[f.name, 'agreedFen']} validateTrigger={['onChange', 'onBlur']} rules={[yuanRule(['items', f.name, 'agreedFen'])]}>
                    <Input prefix="¥" inputMode="decimal" placeholder={t('event.item.agreedFen')} data-testid={`item-${f.name}-amount`} />
                  </Form.Item>
                </Col>
                <Col span={2}>{fields.length > 1 && <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} />}</Col>
              </Row>
            ))}
            <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({ type: 'WAGE_ARREARS' })} style={{ marginBottom: 16 }}>
              {t('event.addItem')}
            </Button>
          </>
        )}
      </Form.List>
      <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
        {t('event.schedule')}
      </Typography.Text>
      <Form.List name="schedule">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Row gutter={8} key={f.key} align="top">
                <Col span={13}>
                  <Form.Item name={[f.name, 'dueDate']} rules={[{ required: true, message: t('validation.required') }]}>
                    <DatePicker style={{ width: '100%' }} placeholder={t('event.schedule.dueDate')} />
                  </Form.Item>
                </Col>
                <Col span={9}>
                  <Form.Item name={[f.name, 'amountFen']} validateTrigger={['onChange', 'onBlur']} rules={[yuanRule(['schedule', f.name, 'amountFen'])]}>
                    <Input prefix="¥" inputMode="decimal" placeholder={t('event.schedule.amountFen')} data-testid={`instalment-${f.name}-amount`} />
                  </Form.Item>
                </Col>
                <Col span={2}>{fields.length > 1 && <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} />}</Col>
              </Row>
            ))}
            <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 8 }}>
              {t('event.addInstalment')}
            </Button>
          </>
        )}
      </Form.List>
      <Alert
        type={totals.items === totals.schedule ? 'info' : 'warning'}
        showIcon
        style={{ margin: '8px 0 16px' }}
        title={t('event.itemsTotal', { items: formatFen(totals.items), schedule: formatFen(totals.schedule) })}
        data-testid="agreement-totals"
      />
    </>
  );
}

function Field({ spec, caseView }: { spec: FieldSpec; caseView: CaseView }) {
  const { t, label } = useI18n();
  const form = Form.useFormInstance();
  const required = spec.required ? [{ required: true, message: t('validation.required') }] : [];
  switch (spec.kind) {
    case 'items':
      return null;
    case 'schedule':
      return <AgreementFields />;
    case 'text':
      return (
        <Form.Item name={spec.name} label={t(spec.label)} rules={[...required, { whitespace: spec.required, message: t('validation.required') }]}>
          <Input maxLength={500} data-testid={`field-${spec.name}`} />
        </Form.Item>
      );
    case 'textarea':
    case 'lines':
      return (
        <Form.Item name={spec.name} label={t(spec.label)} rules={[...required, { whitespace: spec.required, message: t('validation.required') }]}>
          <Input.TextArea rows={3} maxLength={10000} data-testid={`field-${spec.name}`} />
        </Form.Item>
      );
    case 'yuan':
    case 'yuanOrZero':
      return (
        <Form.Item
          name={spec.name}
          label={t(spec.label)}
          required
          validateTrigger={['onChange', 'onBlur']}
          extra={spec.name === 'amountFen' ? t('event.outstanding', { amount: formatFen(caseView.money.outstandingFen) }) : undefined}
          rules={[
            {
              validator: () => {
                const r = checkYuan(form.getFieldValue(spec.name), { positive: spec.kind === 'yuan' });
                return r.level === 'error' ? Promise.reject(new Error(t(r.key))) : Promise.resolve();
              },
            },
          ]}
        >
          <Input prefix="¥" inputMode="decimal" data-testid={`field-${spec.name}`} />
        </Form.Item>
      );
    case 'int':
      return (
        <Form.Item name={spec.name} label={t(spec.label)} rules={required}>
          <InputNumber min={spec.min} max={spec.max} precision={0} style={{ width: 160 }} data-testid={`field-${spec.name}`} />
        </Form.Item>
      );
    case 'datetime':
      return (
        <Form.Item name={spec.name} label={t(spec.label)} rules={required}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: 220 }} data-testid={`field-${spec.name}`} />
        </Form.Item>
      );
    case 'bool':
      return (
        <Form.Item name={spec.name} valuePropName="checked">
          <Checkbox>{t(spec.label)}</Checkbox>
        </Form.Item>
      );
    case 'consent':
      return (
        <Form.Item
          name={spec.name}
          valuePropName="checked"
          rules={[{ validator: (_, v) => (v === true ? Promise.resolve() : Promise.reject(new Error(t('validation.consent')))) }]}
        >
          <Checkbox>{t(spec.label)}</Checkbox>
        </Form.Item>
      );
    case 'org':
      return (
        <Form.Item name={spec.name} label={t(spec.label)} rules={required}>
          <OrgSelect agency={spec.agency ?? 'COURT'} regionCode={caseView.regionCode} testId={`field-${spec.name}`} />
        </Form.Item>
      );
    case 'paymentMethod':
      return (
        <Form.Item name={spec.name} label={t(spec.label)} rules={required}>
          <Select options={PAYMENT_METHODS.map((m) => ({ value: m, label: label('paymentMethod', m) }))} style={{ width: 220 }} />
        </Form.Item>
      );
    case 'mediator':
      return (
        <Form.Item name={spec.name} label={t(spec.label)} rules={[...required, { pattern: /^[0-9a-f-]{36}$/i, message: t('validation.invalid') }]}>
          <MediatorPicker />
        </Form.Item>
      );
  }
}

export interface EventModalProps {
  caseView: CaseView;
  type: string | null;
  onClose(): void;
  /** The case after the event. */
  onDone(view: CaseView): void;
  /** The case changed meanwhile (409): close and reload it. */
  onStale(): void;
  /** Reload the case, leaving the dialog open (a refused event). */
  onRefresh(): void;
}

/**
 * One case event: its form, sent with If-Match (the version on screen) and an Idempotency-Key.
 * A 409 means someone else changed the case: the page reloads and says so.
 */
export function EventModal(props: EventModalProps) {
  // A fresh dialog (and form) for each event opened: no values carried over from the last one.
  return props.type ? <EventDialog key={props.type} {...props} type={props.type} /> : null;
}

function EventDialog({ caseView, type, onClose, onDone, onStale, onRefresh }: EventModalProps & { type: string }) {
  const { t, label } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const keys = useRef(new IdempotencyKeys(newIdempotencyKey));
  const fields = useMemo(() => fieldsOf(type), [type]);
  // Defaults are taken when the event is opened, not on every re-render of the case.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const initial = useMemo(() => initialValues(type, caseView, user?.id ?? ''), [type]);

  const submit = async () => {
    let values: Record<string, unknown>;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const body = eventBody(type, values);
    if (type === 'REACH_AGREEMENT') {
      const totals = agreementTotals(values.items as ItemValue[], values.schedule as InstalmentValue[]);
      if (totals.items !== totals.schedule) {
        setError(t('validation.scheduleTotal', { schedule: formatFen(totals.schedule), items: formatFen(totals.items) }));
        return;
      }
    }
    if (type === 'SCHEDULE_SESSION' && !body.online && !body.place) {
      form.setFields([{ name: 'place', errors: [t('validation.placeOrOnline')] }]);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const view = await api.sendEvent<CaseView>(caseView.id, caseView.version, body, keys.current.keyFor({ version: caseView.version, body }));
      keys.current.settle();
      message.success(t('case.done', { event: label('event', type) }));
      onDone(view);
    } catch (e) {
      if (e instanceof ApiError && e.status !== 0) keys.current.settle();
      if (e instanceof ApiError && e.status === 409) {
        message.warning(t('case.conflict'), 6);
        onStale();
      } else if (e instanceof ApiError && e.status === 422) {
        // Refused by the workflow or its checks (e.g. a payment above what is outstanding): keep the
        // form open to correct it, and refresh the case behind it in case its state moved on.
        setError(t('case.notAllowedNow', { detail: e.problem.detail ?? '' }));
        onRefresh();
      } else if (e instanceof ApiError && e.fieldErrors.length > 0) {
        const known = new Set(fields.map((f) => f.name));
        const onForm = e.fieldErrors.filter((f) => known.has(f.field.split('.')[0]));
        form.setFields(onForm.map((f) => ({ name: fieldPath(f.field) as never, errors: [f.message] })));
        const rest = e.fieldErrors.filter((f) => !onForm.includes(f));
        setError(rest.length ? rest.map((f) => `${f.field}: ${f.message}`).join('; ') : t('common.validation'));
      } else {
        setError(errorText(e));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={label('event', type)}
      onCancel={onClose}
      onOk={submit}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      width={fields.some((f) => f.kind === 'schedule') ? 640 : 520}
      okButtonProps={{ 'data-testid': 'event-submit' } as never}
      data-testid="event-modal"
    >
      {fields.length === 0 && <Typography.Paragraph>{t('event.confirm', { event: label('event', type) })}</Typography.Paragraph>}
      <Form form={form} layout="vertical" initialValues={initial}>
        {fields.map((f) => (
          <Field key={f.name} spec={f} caseView={caseView} />
        ))}
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="event-error" />}
    </Modal>
  );
}
