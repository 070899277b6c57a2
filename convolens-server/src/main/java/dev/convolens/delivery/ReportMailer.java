package dev.convolens.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends a {@link ReportMail} over SMTP ({@code spring.mail.*}) as one message to all its recipients: one SMTP
 * transaction, so it is accepted or refused as a whole and a retry cannot reach half the list twice. The HTML body has
 * a plain-text alternative; the report is attached.
 */
@Component
public class ReportMailer {
    private final JavaMailSender sender;

    ReportMailer(JavaMailSender sender) {
        this.sender = sender;
    }

    /** Throws {@link org.springframework.mail.MailException} when the server cannot be reached or refuses the mail. */
    public void send(ReportMail mail) {
        MimeMessage message = new FixedIdMessage(session(), mail.messageId());
        try {
            MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
            helper.setFrom(mail.from());
            helper.setTo(mail.to().toArray(String[]::new));
            helper.setSubject(mail.subject());
            helper.setText(mail.text(), mail.html());
            helper.addAttachment(mail.filename(), new ByteArrayResource(mail.attachment()), mail.contentType());
        } catch (MessagingException e) {
            throw new MailPreparationException("could not build the report mail: " + e.getMessage(), e);
        }
        sender.send(message);
    }

    private Session session() {
        return sender instanceof JavaMailSenderImpl impl ? impl.getSession() : Session.getInstance(new Properties());
    }

    /**
     * A message whose Message-ID is the delivery's rather than a fresh one per save: a resend after a crash between
     * the server's acceptance and our record of it is then recognisably the same mail to the recipients' mail stores.
     */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
