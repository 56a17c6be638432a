/** Dashboard notifications: written by the channels, read and marked read by the dashboard and the API. */
export {
  MAX_NOTIFICATION_PAGE,
  NotificationRepository,
  type DashboardNotification,
  type NotificationListOptions,
} from './notification-repository.ts';
