/** Dashboard notifications: written by the channels, read and marked read by the dashboard and the API. */
export {
  DECISION_REQUEST_TYPES,
  MAX_NOTIFICATION_PAGE,
  NotificationRepository,
  type DashboardNotification,
  type NotificationListOptions,
} from './notification-repository.ts';
