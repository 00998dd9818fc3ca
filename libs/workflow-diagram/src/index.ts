export { renderMachineSvg, type RenderMachineSvgOptions } from './render-machine-svg';
