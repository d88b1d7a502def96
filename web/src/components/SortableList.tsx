import { useState, type ReactNode } from 'react';
import { Button, Space } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, HolderOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { moveItem, reorderIds } from '../lib/richtext.ts';

export interface SortableItem {
  id: string;
  content: ReactNode;
  actions?: ReactNode;
}

/**
 * An ordered list whose items can be dragged (native HTML5 drag and drop) or moved with the up and
 * down buttons (keyboard users). `onReorder` receives every id in the new order.
 */
export function SortableList({ items, onReorder, disabled, testId, label }: { items: SortableItem[]; onReorder: (ids: string[]) => void; disabled?: boolean; testId?: string; label: string }) {
  const { t } = useTranslation();
  const [dragged, setDragged] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const ids = items.map((i) => i.id);
  const drop = (target: string) => {
    if (dragged) {
      const next = reorderIds(ids, dragged, target);
      if (next) onReorder(next);
    }
    setDragged(null);
    setOver(null);
  };
  return (
    <ol className="sortable-list" data-testid={testId} aria-label={label} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {items.map((item, index) => (
        <li
          key={item.id}
          data-id={item.id}
          draggable={!disabled}
          onDragStart={(e) => {
            setDragged(item.id);
            e.dataTransfer.effectAllowed = 'move';
            e.dataTransfer.setData('text/plain', item.id);
          }}
          onDragOver={(e) => {
            if (!dragged) return;
            e.preventDefault();
            e.dataTransfer.dropEffect = 'move';
            if (over !== item.id) setOver(item.id);
          }}
          onDragLeave={() => setOver((o) => (o === item.id ? null : o))}
          onDrop={(e) => {
            e.preventDefault();
            drop(item.id);
          }}
          onDragEnd={() => {
            setDragged(null);
            setOver(null);
          }}
          style={{
            display: 'flex',
            gap: 12,
            alignItems: 'flex-start',
            padding: '8px 4px',
            borderBottom: '1px solid #f0f0f0',
            background: over === item.id && dragged !== item.id ? '#e6f4ff' : dragged === item.id ? '#fafafa' : undefined,
            cursor: disabled ? undefined : 'grab',
          }}
        >
          {!disabled ? <HolderOutlined aria-hidden style={{ marginTop: 4, color: '#595959' }} /> : null}
          <span style={{ minWidth: 24, fontWeight: 600 }}>{index + 1}.</span>
          <div style={{ flex: 1, minWidth: 0 }}>{item.content}</div>
          <Space size={4} className="no-print">
            {!disabled ? (
              <>
                <Button size="small" icon={<ArrowUpOutlined />} aria-label={t('study.moveUp')} title={t('study.moveUp')} disabled={index === 0} onClick={() => onReorder(moveItem(ids, index, index - 1))} />
                <Button size="small" icon={<ArrowDownOutlined />} aria-label={t('study.moveDown')} title={t('study.moveDown')} disabled={index === items.length - 1} onClick={() => onReorder(moveItem(ids, index, index + 1))} />
              </>
            ) : null}
            {item.actions}
          </Space>
        </li>
      ))}
    </ol>
  );
}
