import { Empty, Space, Typography } from 'antd';

/**
 * What an empty list page shows: what the page is for and the first step, with the button for that
 * step when the reader may take it (a reader who may not sees only the words).
 */
export function EmptyState({ purpose, firstStep, action, testId = 'empty-state' }: { purpose: string; firstStep: string; action?: React.ReactNode; testId?: string }) {
  return (
    <Empty
      data-testid={testId}
      description={
        <Space orientation="vertical" size={4} style={{ maxWidth: 560 }}>
          <Typography.Paragraph style={{ margin: 0 }} data-testid="empty-purpose">
            {purpose}
          </Typography.Paragraph>
          <Typography.Paragraph strong style={{ margin: 0 }} data-testid="empty-first-step">
            {firstStep}
          </Typography.Paragraph>
        </Space>
      }
    >
      {action ?? null}
    </Empty>
  );
}
