export { assertFen, type Fen, formatYuan, isFen, sumFen } from './fen';
