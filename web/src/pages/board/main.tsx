// The dispatch board's entry point.
import "../../styles/base.css";
import { mountPage } from "../page";
import { Board } from "./Board";

mountPage(() => <Board />);
