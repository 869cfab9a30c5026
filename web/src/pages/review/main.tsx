// The medical director's review page.
import "../../styles/base.css";
import "./review.css";
import { mountPage } from "../page";
import { Review } from "./Review";

mountPage(() => <Review />);
