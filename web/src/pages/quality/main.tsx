// The quality page's entry point.
import "../../styles/base.css";
import "./quality.css";
import { mountPage } from "../page";
import { Quality } from "./Quality";

mountPage(() => <Quality />);
