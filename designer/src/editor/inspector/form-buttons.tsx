import type { IconButtonProps } from '@rjsf/utils';

/** Text buttons for the form library's array and key/value editors (its defaults rely on an icon font). */
function textButton(text: string, cls = 'small') {
  // biome-ignore lint/correctness/noComponentHookFactories: made once at module load for the form library's button templates
  return function TextButton({
    iconType: _i,
    icon: _c,
    uiSchema: _u,
    registry: _r,
    className: _k,
    ...props
  }: IconButtonProps) {
    return (
      <button type="button" className={cls} {...props} aria-label={props.title ?? text}>
        {text}
      </button>
    );
  };
}

export const buttonTemplates = {
  SubmitButton: () => null,
  AddButton: textButton('+ Add', 'small'),
  CopyButton: textButton('Copy', 'small ghost'),
  MoveDownButton: textButton('↓', 'small ghost'),
  MoveUpButton: textButton('↑', 'small ghost'),
  RemoveButton: textButton('Remove', 'small ghost'),
  ClearButton: textButton('Clear', 'small ghost'),
};
