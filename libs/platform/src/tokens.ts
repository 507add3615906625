/** Injection token of the validated ServiceConfig (or the app's subclass of it). */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
/** Injection token of the service's descriptor (name, title, version). */
export const SERVICE_INFO = Symbol('SERVICE_INFO');

export interface ServiceInfo {
  /** e.g. `health-service` */
  name: string;
  title: string;
  description: string;
  version: string;
}
