// The planner's page: a base plan and a scenario simulated on the same calls, side by side.
import "../../styles/base.css";
import "./planning.css";
import { mountPage } from "../page";
import { Planning } from "./Planning";

mountPage(() => <Planning />);
