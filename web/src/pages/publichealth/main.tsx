// The public-health officer's page: signals, their map, dismissal and advisories.
import "../../styles/base.css";
import "./publichealth.css";
import { mountPage } from "../page";
import { PublicHealth } from "./PublicHealth";

mountPage(() => <PublicHealth />);
