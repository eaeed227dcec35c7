import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Question {
  title: string;
  description?: string;
  /** The confirming button's label ("Delete", "Revoke"). */
  confirmLabel?: string;
}

type Ask = (question: Question | string) => Promise<boolean>;

const ConfirmContext = createContext<Ask | undefined>(undefined);

/**
 * One accessible confirmation dialog for the whole app (focus trapped, Escape cancels,
 * announced as an alert dialog) in place of `window.confirm`.
 */
export function ConfirmProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [question, setQuestion] = useState<Question>();
  const answer = useRef<(value: boolean) => void>(undefined);
  const ask = useCallback<Ask>((asked) => {
    answer.current?.(false);
    setQuestion(typeof asked === 'string' ? { title: asked } : asked);
    return new Promise<boolean>((resolve) => {
      answer.current = resolve;
    });
  }, []);
  const settle = (value: boolean) => {
    answer.current?.(value);
    answer.current = undefined;
    setQuestion(undefined);
  };
  return (
    <ConfirmContext.Provider value={ask}>
      {children}
      <AlertDialog.Root
        open={question !== undefined}
        onOpenChange={(open) => !open && settle(false)}
      >
        <AlertDialog.Portal>
          <AlertDialog.Overlay className="dialog-overlay" />
          <AlertDialog.Content className="dialog">
            <AlertDialog.Title>{question?.title}</AlertDialog.Title>
            <AlertDialog.Description
              className={question?.description ? undefined : 'visually-hidden'}
            >
              {question?.description ?? question?.title}
            </AlertDialog.Description>
            <div className="row dialog-actions">
              <AlertDialog.Cancel asChild>
                <button type="button" className="secondary">
                  {t('app.cancel')}
                </button>
              </AlertDialog.Cancel>
              <AlertDialog.Action asChild>
                <button type="button" className="danger" onClick={() => settle(true)}>
                  {question?.confirmLabel ?? t('app.confirm')}
                </button>
              </AlertDialog.Action>
            </div>
          </AlertDialog.Content>
        </AlertDialog.Portal>
      </AlertDialog.Root>
    </ConfirmContext.Provider>
  );
}

/** `if (!(await confirm('Delete it?'))) return;` */
export function useConfirm(): Ask {
  const ask = useContext(ConfirmContext);
  if (!ask) throw new Error('useConfirm needs a ConfirmProvider');
  return ask;
}
