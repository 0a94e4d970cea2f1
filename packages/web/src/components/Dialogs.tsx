import { lazy, Suspense } from 'react';
import { useAppDispatch, useAppSelector } from '../store/hooks';
import { dialogOpened } from '../store/ui-slice';
import { useT } from '../i18n/use-t';
import { Modal } from './Modal';
import { CreateChannelForm } from './CreateChannelForm';
import { BrowseChannels } from './BrowseChannels';
import { DirectMessagePicker } from './DirectMessagePicker';
import { TeamChooser } from './TeamChooser';

const Settings = lazy(() => import('./Settings').then((m) => ({ default: m.Settings })));
const ChannelSwitcher = lazy(() => import('./ChannelSwitcher').then((m) => ({ default: m.ChannelSwitcher })));

export function Dialogs() {
  const t = useT();
  const dispatch = useAppDispatch();
  const dialog = useAppSelector((s) => s.ui.dialog);
  const close = () => dispatch(dialogOpened(null));
  return (
    <>
      <Modal open={dialog === 'createChannel'} onClose={close} title={t('createChannel.title')}>
        <CreateChannelForm onDone={close} />
      </Modal>
      <Modal open={dialog === 'browseChannels'} onClose={close} title={t('browse.title')} wide>
        <BrowseChannels onDone={close} />
      </Modal>
      <Modal open={dialog === 'directMessage'} onClose={close} title={t('dm.title')}>
        <DirectMessagePicker onDone={close} />
      </Modal>
      <Modal open={dialog === 'createTeam'} onClose={close} title={t('teams.add')}>
        <TeamChooser onDone={close} />
      </Modal>
      <Modal open={dialog === 'settings'} onClose={close} title={t('settings.title')} wide>
        <Suspense fallback={<span className="spinner" />}>{dialog === 'settings' && <Settings />}</Suspense>
      </Modal>
      <Modal open={dialog === 'switcher'} onClose={close} title={t('switcher.title')} wide>
        <Suspense fallback={<span className="spinner" />}>{dialog === 'switcher' && <ChannelSwitcher onDone={close} />}</Suspense>
      </Modal>
    </>
  );
}
