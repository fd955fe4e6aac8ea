import { render } from "solid-js/web";
import { Router, Route } from "@solidjs/router";
import { Layout } from "./layout";
import { Login } from "./routes/auth/login";
import { Signup } from "./routes/auth/signup";
import { Verify } from "./routes/auth/verify";
import { ContactList } from "./routes/contacts/list";
import "./styles.css";

render(
  () => (
    <Router root={Layout}>
      <Route path="/login" component={Login} />
      <Route path="/signup" component={Signup} />
      <Route path="/verify" component={Verify} />
      <Route path="/contacts" component={ContactList} />
      <Route path="/" component={ContactList} />
    </Router>
  ),
  document.getElementById("root")!,
);
