package io.strata.jobs.alert;

/** Delivers one alert to one channel, or throws; the dispatcher retries. */
interface AlertSender {
  void send(Alert alert) throws Exception;
}
