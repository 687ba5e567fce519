// Entry point of switchyard-checkout.js: defines the element once (a page may load the script twice).
import { SwitchyardCheckout } from './checkout_element';

if (!customElements.get('switchyard-checkout')) {
  customElements.define('switchyard-checkout', SwitchyardCheckout);
}
