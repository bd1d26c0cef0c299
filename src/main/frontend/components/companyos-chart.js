// <companyos-chart>: one ECharts instance drawn from an option the server sets (JSON in the `option` property).
// Colours in the option may name CSS custom properties ("--lumo-success-color", "--companyos-chart-1"): they are
// resolved here against the page's current Lumo theme, and again whenever the theme attribute changes (light/dark),
// so the server never hard-codes a colour that is unreadable in one of the variants.
import * as echarts from 'echarts/core';
import { BarChart, GaugeChart, LineChart, PieChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart, GaugeChart, LineChart, PieChart,
  AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent,
  SVGRenderer,
]);

const TOKEN = /^--[a-z0-9-]+$/;

class CompanyosChart extends HTMLElement {
  constructor() {
    super();
    this._option = null;
    this.chart = null;
  }

  set option(value) {
    this._option = typeof value === 'string' ? JSON.parse(value) : value;
    this._render();
  }

  get option() {
    return this._option;
  }

  connectedCallback() {
    if (!this.style.display) {
      this.style.display = 'block';
    }
    this.chart = echarts.init(this, null, { renderer: 'svg' });
    this._resize = new ResizeObserver(() => this.chart && this.chart.resize());
    this._resize.observe(this);
    this._theme = new MutationObserver(() => this._render());
    this._theme.observe(document.documentElement, { attributes: true, attributeFilter: ['theme'] });
    this._render();
  }

  disconnectedCallback() {
    this._resize && this._resize.disconnect();
    this._theme && this._theme.disconnect();
    if (this.chart) {
      this.chart.dispose();
      this.chart = null;
    }
  }

  _render() {
    if (!this.chart || !this._option) {
      return;
    }
    const style = getComputedStyle(this);
    const resolve = (v) => {
      if (typeof v === 'string' && TOKEN.test(v)) {
        return style.getPropertyValue(v).trim() || v;
      }
      if (Array.isArray(v)) {
        return v.map(resolve);
      }
      if (v && typeof v === 'object') {
        const out = {};
        for (const k of Object.keys(v)) {
          out[k] = resolve(v[k]);
        }
        return out;
      }
      return v;
    };
    this.chart.setOption(resolve(this._option), { notMerge: true });
    this.setAttribute('data-rendered', String(Date.now()));
  }
}

if (!customElements.get('companyos-chart')) {
  customElements.define('companyos-chart', CompanyosChart);
}
